# 'await' used at module level, outside any function.
import asyncio

async def worker():
    await asyncio.sleep(0.1)

await worker()
