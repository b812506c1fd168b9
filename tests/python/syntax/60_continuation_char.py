# A comment after a line-continuation backslash.
import threading

t = threading.Thread(target=print, \  # the target
                     args=("hi",))
