# A comma is missing between the name counter and the Chinese string after it.
counter = 0
print("当前计数：", counter "次")
