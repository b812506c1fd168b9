# f-strings with expressions, conversions, and format specs.
name = "worker"
n = 42
pi = 3.14159265
print(f"{name} {n} {pi}")
print(f"{name!r} {name!s} {'线程'!a}")
print(f"[{n:5}] [{n:<5}] [{n:^5}] [{n:>5}] [{n:05}]")
print(f"[{name:10}] [{name:>10}] [{name:*^12}]")
print(f"{pi:.2f} {pi:8.3f} {pi:e} {pi:.3g} {pi:%}")
print(f"{n:x} {n:X} {n:o} {n:b} {n:#x} {n:#b}")
print(f"{1234567:,} {1234567.891:,.2f} {1234567:_}")
print(f"{-3:+} {3:+} {3: } {-0.5:.0f} {0.5:.0f} {1.5:.0f}")
width, prec = 10, 3
print(f"[{pi:{width}.{prec}f}]")
print(f"{n * 2} {n // 5} {len(name)} {name.upper()} {[i for i in range(3)]}")
print(f"{'yes' if n > 40 else 'no'}")
d = {"key": "value"}
print(f"{d['key']} {d}")
print(f"{{literal braces}} {n}")
print(f"{n=} {pi=:.1f} {name = }")
print(f"{0.1 + 0.2} {1/3} {2/3:.5f} {1e20} {1e-5} {100.0}")
print(f"{True} {None} {3 + 4j}")
print(f"{'ab':>{n // 10}}|")
