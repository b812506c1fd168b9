# 'import ... as' with no alias name.
import multiprocessing.pool as

pool = multiprocessing.pool.ThreadPool(2)
