/// @file
/// @brief The whole public API of the clicklog library in one include.
#pragma once

#include "clicklog/aggregation.h"
#include "clicklog/embedded_broker.h"
#include "clicklog/error.h"
#include "clicklog/options.h"
#include "clicklog/pipeline.h"
#include "clicklog/record.h"
#include "clicklog/version.h"
#include "clicklog/window_result.h"
