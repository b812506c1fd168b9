# An exception in an overridden run() of a named Thread subclass.
import threading


class Downloader(threading.Thread):
    def __init__(self, url):
        super().__init__(name="downloader")
        self.url = url

    def run(self):
        print("downloading", self.url)
        parts = self.url.split("://")
        host = parts[1]
        print("host", host)


ok = Downloader("http://example")
ok.start()
ok.join()
bad = Downloader("no-scheme")
bad.start()
bad.join()
print("alive after failure:", bad.is_alive())
