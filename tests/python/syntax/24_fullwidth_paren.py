# Full-width parentheses (U+FF08, U+FF09) typed with a Chinese input method.
import threading

lock = threading.Lock()
lock.acquire（）
