# '=' used where a comparison was meant, on a method call.
import threading

t = threading.Thread(target=print)
t.is_alive() = False
