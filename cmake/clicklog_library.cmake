# One helper for every target, so warnings, standard and sanitizers stay uniform.
#
#   clicklog_library(NAME avro SOURCES a.cpp b.cpp DEPS clicklog::common PkgConfig::AVRO)
# defines the static library clicklog_avro with the alias clicklog::avro.

function(clicklog_compile_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  if(CLICKLOG_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(CLICKLOG_FUZZ)
    # Coverage for libFuzzer in everything the fuzz targets link (tests/fuzz adds the runtime).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(clicklog_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(clicklog_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(clicklog::${ARG_NAME} ALIAS clicklog_${ARG_NAME})
  target_include_directories(clicklog_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(clicklog_${ARG_NAME} PUBLIC cxx_std_20)
  target_link_libraries(clicklog_${ARG_NAME} PUBLIC ${ARG_DEPS})
  clicklog_compile_options(clicklog_${ARG_NAME})
endfunction()

#   clicklog_test(NAME window_engine SOURCES t.cpp DEPS clicklog::window LABELS unit
#                 [DEFINITIONS NAME=value ...] [INCLUDES dir ...])
# defines the test program test_window_engine and its tests. A unit test (the default label) is
# left out when CLICKLOG_UNIT_TESTS is off.
function(clicklog_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;LABELS;DEFINITIONS;INCLUDES" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(ARG_LABELS STREQUAL "unit" AND NOT CLICKLOG_UNIT_TESTS)
    return()
  endif()
  add_executable(test_${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(test_${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(test_${ARG_NAME} PRIVATE ${ARG_DEFINITIONS})
  target_include_directories(test_${ARG_NAME} PRIVATE ${ARG_INCLUDES})
  clicklog_compile_options(test_${ARG_NAME})
  gtest_discover_tests(test_${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 30)
endfunction()
