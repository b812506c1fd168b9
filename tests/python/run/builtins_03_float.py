# float repr, rounding (half to even), conversions, special values.
print(0.1 + 0.2, 0.1 * 3, 1 / 3, 2 / 3, 10 / 4)
print(1.0, 2.50, 1e16, 1e15, 123456789.123, 1.5e-7, 0.0001, -0.0)
print(3.0 == 3, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5))
print(round(3.14159, 2), round(2.675, 2), round(1.005, 2), round(-1.25, 1))
print(round(7.0), type(round(7.5)).__name__, type(round(7.5, 1)).__name__)
print(float("3.5"), float(" -2 "), float(7), float("1e3"), float("inf"), float("-inf"))
print(float("nan") == float("nan"), str(float("nan")))
print(int(2.9), int(-2.9), 7.5 // 2, 7.5 % 2, -7.5 // 2, divmod(7.5, 2))
print((2.5).is_integer(), (3.0).is_integer(), (0.5).as_integer_ratio())
print(2 ** 0.5, 10 ** 0.5, 4 ** 0.5, 2.0 ** 10)
print(min(1.5, 1), max(2, 2.0), sum([0.1] * 10))
print(1e308 * 10, -1e308 * 10)
print("%.2f %.0f %.3e" % (2.345, 2.5, 12345.6789))
print(str(1/7), repr(1/7))
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
