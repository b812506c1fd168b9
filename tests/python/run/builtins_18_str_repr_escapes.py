# str vs repr for strings with quotes, escapes, unicode, and nested containers.
samples = ["plain", "it's", 'say "x"', "both ' \"", "tab\there", "new\nline",
           "back\\slash", "\x00\x07", "é", "线程", "\u200b", "\t"]
for s in samples:
    print(repr(s), len(s))
print(samples[:4])
print(str(samples[1]), samples[5])
print([["nested", ("t", {"k": "v's"})]])
print(repr(b"bytes\n"), repr(b'it\'s'), str(b"x"))
print("\N{BULLET} bullet", "\u4e2d\u6587", "\101\102", "\x41")
print(r"raw\n\t", len(r"\n"), "a" "b" "c")
print("""triple
quoted""")
print('''single
triple''')
print("line \
continued")
print("\33[32;0m colour \033[0m".encode())
print(repr(""), repr(" "), str(""))
print("%r" % "线", "%a" % "线", ascii(["é"]))
