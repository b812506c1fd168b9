# An assignment with a doubled '=' sign.
import threading

lock = threading.Lock()
counter = = 0
