# Chinese and other non-ASCII text: length, iteration, slicing, formatting, methods.
msg = "开始下载: 文件.pdf"
print(msg, len(msg), msg[:4], msg[-4:])
for ch in "线程锁":
    print(ch, ord(ch), hex(ord(ch)))
print("奔驰 宝马 奥迪".split(), "、".join(["进程", "线程", "协程"]))
print("[%6s]" % "中文", "[{:>6}]".format("中文"), f"[{'中文':<6}]")
print("[{:^7}]".format("汉"), "汉".center(5, "*"))
print("Ärger".lower(), "straße".upper(), "ǅ".lower(), "ß".casefold())
print("中文".encode("utf-8"), len("中文".encode("utf-8")), b"\xe4\xb8\xad".decode("utf-8"))
print("café".encode(), "naïve"[2], sorted("éab"))
print("线程" + "池", "线" * 3, "池" in "线程池", "线程池".find("池"))
print("第%d个任务调用了线程 %s" % (3, "Thread-1"))
print("😀", len("😀"), "😀".encode("utf-8"))
print("中文".isalpha(), "１２".isdigit(), int("１２") + 1)
print(str("全角：，。"), repr("全角：，。"))
