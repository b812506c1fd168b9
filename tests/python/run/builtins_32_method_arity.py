# The builtin containers' methods called with the wrong number of arguments: CPython's TypeError for each
items, d, s, text = [1], {}, set(), 'a'
try:
    items.append(1,2)
except TypeError as e:
    print('items.append(1,2)', e)
try:
    items.extend()
except TypeError as e:
    print('items.extend()', e)
try:
    items.remove()
except TypeError as e:
    print('items.remove()', e)
try:
    items.count()
except TypeError as e:
    print('items.count()', e)
try:
    items.index()
except TypeError as e:
    print('items.index()', e)
try:
    items.index(1,2,3,4)
except TypeError as e:
    print('items.index(1,2,3,4)', e)
try:
    items.insert(1)
except TypeError as e:
    print('items.insert(1)', e)
try:
    items.insert(1,2,3)
except TypeError as e:
    print('items.insert(1,2,3)', e)
try:
    items.pop(1,2)
except TypeError as e:
    print('items.pop(1,2)', e)
try:
    items.copy(1)
except TypeError as e:
    print('items.copy(1)', e)
try:
    items.clear(1)
except TypeError as e:
    print('items.clear(1)', e)
try:
    items.reverse(1)
except TypeError as e:
    print('items.reverse(1)', e)
try:
    items.sort(1)
except TypeError as e:
    print('items.sort(1)', e)
try:
    d.get()
except TypeError as e:
    print('d.get()', e)
try:
    d.get(1,2,3)
except TypeError as e:
    print('d.get(1,2,3)', e)
try:
    d.pop()
except TypeError as e:
    print('d.pop()', e)
try:
    d.setdefault()
except TypeError as e:
    print('d.setdefault()', e)
try:
    d.keys(1)
except TypeError as e:
    print('d.keys(1)', e)
try:
    d.values(1)
except TypeError as e:
    print('d.values(1)', e)
try:
    d.items(1)
except TypeError as e:
    print('d.items(1)', e)
try:
    d.copy(1)
except TypeError as e:
    print('d.copy(1)', e)
try:
    d.clear(1)
except TypeError as e:
    print('d.clear(1)', e)
try:
    d.popitem(1)
except TypeError as e:
    print('d.popitem(1)', e)
try:
    d.update(1,2)
except TypeError as e:
    print('d.update(1,2)', e)
try:
    s.add()
except TypeError as e:
    print('s.add()', e)
try:
    s.discard()
except TypeError as e:
    print('s.discard()', e)
try:
    s.remove()
except TypeError as e:
    print('s.remove()', e)
try:
    s.copy(1)
except TypeError as e:
    print('s.copy(1)', e)
try:
    s.clear(1)
except TypeError as e:
    print('s.clear(1)', e)
try:
    s.pop(1)
except TypeError as e:
    print('s.pop(1)', e)
try:
    text.upper(1)
except TypeError as e:
    print('text.upper(1)', e)
try:
    text.split(1,2,3)
except TypeError as e:
    print('text.split(1,2,3)', e)
try:
    text.join()
except TypeError as e:
    print('text.join()', e)
try:
    text.startswith()
except TypeError as e:
    print('text.startswith()', e)
print(items, d, s, text)
