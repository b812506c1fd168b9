# A vim '~' screen line (with trailing spaces) was copied along with the code.
import threading

t = threading.Thread(target=print, args=("hi",))
t.start()
~      
