# Bare 'key: value' lines meant as dict entries, without the braces.
import threading

'lock': threading.Lock(), 'event': threading.Event(),
'cond': threading.Condition()
