# The memory list's paging at depth on 100,000 rows of the memory table's shape: OFFSET vs the keyset cursor (before=TIMESTAMP:ID).
# Run: python3 bench/scripts/keyset_paging.py [db-path]   (prints the best of 5 runs in ms and the rows returned)
import sqlite3, os, time
import sys, tempfile
path=sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), 'perocore-keyset-100k.db')
if os.path.exists(path): os.remove(path)
c=sqlite3.connect(path)
c.executescript('''
CREATE TABLE memory (id INTEGER PRIMARY KEY AUTOINCREMENT, content TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '', type TEXT NOT NULL DEFAULT 'event',
 timestamp INTEGER NOT NULL, embedding BLOB, archived_at INTEGER);
CREATE INDEX ix_memory_timestamp ON memory(timestamp, id);
CREATE INDEX ix_memory_type ON memory(type);
CREATE INDEX ix_memory_archived_at ON memory(archived_at) WHERE archived_at IS NOT NULL;
''')
blob=os.urandom(384*4)
t0=1700000000000
rows=[(f'memory number {i} with some words', 'tea,morning' if i%7==0 else 'x', 'event' if i%3 else 'fact', t0+i*1000, blob, None) for i in range(100000)]
c.executemany('INSERT INTO memory(content,tags,type,timestamp,embedding,archived_at) VALUES (?,?,?,?,?,?)', rows)
c.commit()
print(sqlite3.sqlite_version)
def q(sql,args,n=5):
    best=1e9
    for _ in range(n):
        s=time.perf_counter(); r=c.execute(sql,args).fetchall(); best=min(best,time.perf_counter()-s)
    return best*1000, len(r)
base="SELECT id,content,tags,type,timestamp,embedding FROM memory WHERE archived_at IS NULL {extra} ORDER BY timestamp DESC, id DESC LIMIT 51"
print('offset first page  ', q(base.format(extra='')+' OFFSET 0',()))
print('offset page at 99,900', q(base.format(extra='')+' OFFSET 99900',()))
ts,id_=c.execute('SELECT timestamp,id FROM memory ORDER BY timestamp DESC, id DESC LIMIT 1 OFFSET 99899').fetchone()
print('keyset page at 99,900', q(base.format(extra='AND (timestamp, id) < (?, ?)'),(ts,id_)))
print('offset tag page at ~14k', q(base.format(extra="AND (',' || lower(tags) || ',') LIKE '%,tea,%'")+' OFFSET 14000',()))
ts,id_=c.execute("SELECT timestamp,id FROM memory WHERE (',' || lower(tags) || ',') LIKE '%,tea,%' ORDER BY timestamp DESC, id DESC LIMIT 1 OFFSET 13999").fetchone()
print('keyset tag page at ~14k', q(base.format(extra="AND (',' || lower(tags) || ',') LIKE '%,tea,%' AND (timestamp, id) < (?, ?)"),(ts,id_)))
print(c.execute('EXPLAIN QUERY PLAN '+base.format(extra='AND (timestamp, id) < (?, ?)'),(ts,id_)).fetchall())
os.remove(path)
