# int arithmetic: floor division and modulo with negatives, powers, big ints, divmod.
print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 7 // 2, 7 % 3, 2 ** 10)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2)
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5))
print(2 ** 100)
print(3 ** 40 - 1, -(2 ** 64))
print(abs(-12), abs(0), pow(3, 4), pow(3, 4, 5), pow(2, -1))
print(10 / 5, type(10 / 5).__name__, 10 // 5, type(10 // 5).__name__)
print(1_000_000, 0xff, 0o17, 0b1011)
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, 1024 >> 3, -16 >> 2)
print(int("42"), int("-7"), int(" 12 "), int("ff", 16), int("0x1f", 16), int("101", 2), int("z", 36))
print(int(3.99), int(-3.99), int(True), int("1_000"))
print((255).bit_length(), (10).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "big"))
print(round(7), round(1234, -2), round(1250, -2), round(1350, -2))
print(max(3, 9, 1), min(3, 9, 1), sum([1, 2, 3], 10))
print(True + True, True * 7, False - 1)
x = 10
x //= 4
print(x, 10 ** -1, 0 ** 0)
try:
    print(1 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(str(12345678901234567890 * 98765432109876543210))
