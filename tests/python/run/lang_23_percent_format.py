# printf-style % formatting: %s %d %.2f %r %x, widths and flags, dict keys, and its TypeErrors.
name = "Tom"
age = 26
score = 93.456
print("%s is %d years old" % (name, age))
print("score: %.2f" % score)
print("score: %8.1f|" % score)
print("[%5d] [%-5d] [%05d]" % (age, age, age))
print("[%10s] [%-10s]" % (name, name))
print("%x %X %o %e %g" % (255, 255, 8, 12345.678, 0.00001234))
print("%r %s" % ("quoted", "plain"))
print("%c%c" % (72, "i"))
print("100%% done" % ())
print("%s" % [1, 2, 3])
print("%s" % (("tuple", "inside"),))
print("%(who)s has %(n)d items" % {"who": "Ann", "n": 3})
print("%+d %+d % d" % (5, -5, 5))
print("%.3s" % "abcdef")
print("%*d|%-*d|" % (6, 42, 6, 42))
print("%d" % 3.99, "%s" % 3.99, "%i" % True)
print("%s 下载完成! 耗费了%d秒" % ("文件.pdf", 7))
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s %s" % ("only one",))
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s" % (1, 2))
except TypeError as e:
    print("TypeError:", e)
