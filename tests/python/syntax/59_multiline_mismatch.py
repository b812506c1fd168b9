# A list of threads opened with '[' on one line and closed with ')' on another.
import threading

threads = [
    threading.Thread(target=print, args=(1,)),
    threading.Thread(target=print, args=(2,)),
)
