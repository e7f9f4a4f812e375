/* SLEEF's u10 exp and log1p composed as PyTorch composes them, over whole
 * slices, for the `sleef` feature of logsigmoid-kernels (src/sleef.rs has
 * the formulas). One loop per ISA and type: full registers, then the tail
 * through a one-register buffer. Compiled by build.rs with the ISA's flags
 * per file section (target attributes), linked against libsleef. */
#include <immintrin.h>
#include <stddef.h>
#include <string.h>

enum { LOG_SIGMOID = 0, SOFTPLUS = 1, SIGMOID = 2, SILU = 3 };

#define COMPOSITIONS(NAME, TARGET, V, E, N, LOAD, STORE, SET1, ADD, SUB, MUL, DIV, MIN, MAX, EXP, LOG1P) \
  V EXP(V); V LOG1P(V);                                                                       \
  __attribute__((target(TARGET))) static inline V NAME##_one(int f, V x) {                   \
    V zero = SET1(0.0), one = SET1(1.0);                                                      \
    switch (f) {                                                                              \
    case LOG_SIGMOID: return SUB(MIN(x, zero), LOG1P(EXP(MIN(x, SUB(zero, x)))));             \
    case SOFTPLUS: return ADD(MAX(x, zero), LOG1P(EXP(MIN(x, SUB(zero, x)))));                \
    case SIGMOID: return DIV(one, ADD(one, EXP(SUB(zero, x))));                               \
    default: return DIV(x, ADD(one, EXP(SUB(zero, x))));                                      \
    }                                                                                         \
  }                                                                                           \
  __attribute__((target(TARGET))) static inline V NAME##_grad(int f, V x, V dy) {            \
    V zero = SET1(0.0), one = SET1(1.0);                                                      \
    switch (f) {                                                                              \
    case LOG_SIGMOID: return DIV(dy, ADD(one, EXP(x)));                                       \
    case SOFTPLUS: return DIV(dy, ADD(one, EXP(SUB(zero, x))));                               \
    default: {                                                                                \
      V s = DIV(one, ADD(one, EXP(SUB(zero, x))));                                            \
      V r = SUB(one, s);                                                                      \
      V g = f == SIGMOID ? MUL(s, r) : MUL(s, ADD(one, MUL(x, r)));                           \
      return MUL(dy, g);                                                                      \
    }                                                                                         \
    }                                                                                         \
  }                                                                                           \
  __attribute__((target(TARGET))) void logsigmoid_sleef_forward_##NAME(int f, const E *x,    \
                                                                       E *y, size_t n) {     \
    size_t i = 0;                                                                             \
    for (; i + N <= n; i += N) STORE(y + i, NAME##_one(f, LOAD(x + i)));                      \
    if (i < n) {                                                                              \
      E a[N] = {0};                                                                           \
      memcpy(a, x + i, (n - i) * sizeof(E));                                                  \
      STORE(a, NAME##_one(f, LOAD(a)));                                                       \
      memcpy(y + i, a, (n - i) * sizeof(E));                                                  \
    }                                                                                         \
  }                                                                                           \
  __attribute__((target(TARGET))) void logsigmoid_sleef_backward_##NAME(                     \
      int f, const E *x, const E *dy, E *dx, size_t n) {                                      \
    size_t i = 0;                                                                             \
    for (; i + N <= n; i += N) STORE(dx + i, NAME##_grad(f, LOAD(x + i), LOAD(dy + i)));      \
    if (i < n) {                                                                              \
      E a[N] = {0}, b[N] = {0};                                                               \
      memcpy(a, x + i, (n - i) * sizeof(E));                                                  \
      memcpy(b, dy + i, (n - i) * sizeof(E));                                                 \
      STORE(a, NAME##_grad(f, LOAD(a), LOAD(b)));                                             \
      memcpy(dx + i, a, (n - i) * sizeof(E));                                                 \
    }                                                                                         \
  }

COMPOSITIONS(avx2_f32, "avx2,fma", __m256, float, 8, _mm256_loadu_ps, _mm256_storeu_ps,
             _mm256_set1_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, _mm256_div_ps,
             _mm256_min_ps, _mm256_max_ps, Sleef_expf8_u10avx2, Sleef_log1pf8_u10avx2)
COMPOSITIONS(avx2_f64, "avx2,fma", __m256d, double, 4, _mm256_loadu_pd, _mm256_storeu_pd,
             _mm256_set1_pd, _mm256_add_pd, _mm256_sub_pd, _mm256_mul_pd, _mm256_div_pd,
             _mm256_min_pd, _mm256_max_pd, Sleef_expd4_u10avx2, Sleef_log1pd4_u10avx2)
COMPOSITIONS(avx512_f32, "avx512f", __m512, float, 16, _mm512_loadu_ps, _mm512_storeu_ps,
             _mm512_set1_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps, _mm512_div_ps,
             _mm512_min_ps, _mm512_max_ps, Sleef_expf16_u10avx512f, Sleef_log1pf16_u10avx512f)
COMPOSITIONS(avx512_f64, "avx512f", __m512d, double, 8, _mm512_loadu_pd, _mm512_storeu_pd,
             _mm512_set1_pd, _mm512_add_pd, _mm512_sub_pd, _mm512_mul_pd, _mm512_div_pd,
             _mm512_min_pd, _mm512_max_pd, Sleef_expd8_u10avx512f, Sleef_log1pd8_u10avx512f)
