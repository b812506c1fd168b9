# One '}' too many when closing the shared results dict.
results = {
    "worker-1": 0,
    "worker-2": 0,
}}
