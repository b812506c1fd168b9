# A trailing comma in an unparenthesized from-import.
from threading import Thread, Lock,

lock = Lock()
