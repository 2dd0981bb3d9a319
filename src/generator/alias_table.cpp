#include "generator/alias_table.h"

#include <cmath>
#include <stdexcept>

namespace clicklog::generator {

AliasTable::AliasTable(std::span<const uint64_t> weights) {
  const uint64_t n = weights.size();
  if (n == 0 || n > UINT32_MAX) throw std::invalid_argument("alias table: bad size");
  unsigned __int128 sum = 0;
  for (uint64_t w : weights) sum += w;
  if (sum == 0 || sum * n > UINT64_MAX) throw std::invalid_argument("alias table: bad weights");
  total_ = static_cast<uint64_t>(sum);

  // Every bucket holds total_ units of mass; weights scaled by n fill exactly n buckets.
  std::vector<uint64_t> mass(n);
  std::vector<uint32_t> small, large;
  cells_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    mass[i] = weights[i] * n;
    cells_[i] = {total_, i, i};
    (mass[i] < total_ ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t s = small.back(), l = large.back();
    small.pop_back();
    cells_[s] = {mass[s], s, l};
    mass[l] -= total_ - mass[s];
    if (mass[l] < total_) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Exact integers leave every remaining bucket with exactly total_ units: it keeps itself.
}

namespace {

constexpr double kLn2 = 0.69314718055994530942;

double portable_log2(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // exact: m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  // ln(m) = 2 atanh(t) with |t| <= 0.172; 14 odd terms are far below double precision.
  const double t = (m - 1) / (m + 1), t2 = t * t;
  double term = t, sum = 0;
  for (int k = 0; k < 14; ++k) {
    sum += term / (2 * k + 1);
    term *= t2;
  }
  return e + 2 * sum / kLn2;
}

double portable_exp2(double y) {
  const double n = std::floor(y + 0.5);  // exact
  const double z = (y - n) * kLn2;       // |z| <= 0.347
  double term = 1, sum = 1;
  for (int k = 1; k < 22; ++k) {
    term = term * z / k;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));  // exact scaling by a power of two
}

}  // namespace

double portable_pow(double x, double y) {
  return portable_exp2(y * portable_log2(x));
}

std::vector<uint64_t> quantize_weights(std::span<const double> weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  const double budget = 4611686018427387904.0 / static_cast<double>(weights.size());  // 2^62 / n
  std::vector<uint64_t> out(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    const double scaled = std::floor(weights[i] / sum * budget);
    out[i] = scaled < 1 ? 1 : static_cast<uint64_t>(scaled);
  }
  return out;
}

std::vector<uint64_t> zipf_weights(uint32_t n, double exponent) {
  std::vector<double> w(n);
  for (uint32_t r = 1; r <= n; ++r) w[r - 1] = portable_pow(r, -exponent);
  return quantize_weights(w);
}

}  // namespace clicklog::generator
