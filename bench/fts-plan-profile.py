# Profile of the full-text planning at 100k rows (issue 18 part 4): the old plan (fts5vocab document frequencies,
# one bm25() query) against the new one (capped phrase counts, cached; rare terms ranked first with the BM25 bound),
# interleaved, with the same SQL as src/PeroCore.Memory/Storage/FullTextSearch.cs, on a synthetic FTS5 table shaped like
# the bench engine (speaker names in 5%, 41 filler words, 4,000 topic words). Usage: python3 bench/fts-plan-profile.py [db]
import os, sys
PATH = sys.argv[1] if len(sys.argv) > 1 else '/tmp/fts-plan-profile.db'
def build():
    import sqlite3, random, time, os
    S=["Caroline","Melanie","Jon","Gina","John","Maria","Joanna","Nate","Tim","Audrey","Andrew","Evan","Sam","Dave","Calvin","Deborah","James","Jolene","Lily","Oscar"]
    F="i really think that we should talk about the last weekend and my new it was so much fun with you know yesterday finally went to again after work felt great honestly maybe next time our friends love how been going".split()
    Y="ka lo mi ren tas vo shi pel dor na qui zu bel fa gor hin jo ler mon pra sol tur vex wyn yal cra dre eth fio gla".split()
    def topic(c):
        r=[]
        for w in range(4):
            n=c*4+w; r.append(Y[n%30]+Y[(n//30)%30]+Y[(n//900)%30])
        return r
    N=100000; K=1000
    p=PATH
    if os.path.exists(p): return
    db=sqlite3.connect(p)
    db.executescript("CREATE VIRTUAL TABLE memory_fts USING fts5(content, tags, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE memory_fts_vocab USING fts5vocab(memory_fts,'row');")
    rng=random.Random(1)
    rows=[]
    for i in range(N):
        c=rng.randrange(K); t=topic(c); sp=S[((i//400)*2+i%2)%20]
        L=10+rng.randrange(12); a=rng.randrange(L); b=rng.randrange(L)
        ws=[]
        for w in range(L):
            if w==a: ws.append(t[rng.randrange(4)])
            elif w==b: ws.append(t[rng.randrange(4)])
            else: ws.append(F[rng.randrange(len(F))])
        rows.append((i+1, sp+": "+" ".join(ws), t[0]))
    db.executemany("INSERT INTO memory_fts(rowid,content,tags) VALUES (?,?,?)", rows)
    db.commit()
    print("done")
import sqlite3, time, random, statistics, math
S=["Caroline","Melanie","Jon","Gina","John","Maria","Joanna","Nate","Tim","Audrey","Andrew","Evan","Sam","Dave","Calvin","Deborah","James","Jolene","Lily","Oscar"]
Y="ka lo mi ren tas vo shi pel dor na qui zu bel fa gor hin jo ler mon pra sol tur vex wyn yal cra dre eth fio gla".split()
def topic(c):
    return [Y[(c*4+w)%30]+Y[((c*4+w)//30)%30]+Y[((c*4+w)//900)%30] for w in range(4)]
db=(build(), sqlite3.connect(PATH))[1]
mem=sqlite3.connect(':memory:')
mem.executescript("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t,'instance');")
rng=random.Random(5)
qs=[]
for i in range(200):
    t=topic(rng.randrange(1000)); sp=S[i%20]
    q=[["what","did",sp.lower(),"say","about","the",t[0],"and",t[1]],["when","did",sp.lower(),"go","to",t[2],"with","friends"],["how","does",sp.lower(),"feel","about",t[3],"after","work"]][i%3]
    qs.append(list(dict.fromkeys(q)))
N=100000; FR=0.2; MAXP=15000; K=20
def expr(ts): return " OR ".join('"%s"'%t for t in ts)
def rank(e, lim=K): return db.execute("SELECT rowid, bm25(memory_fts,1.0,0.5) s FROM memory_fts WHERE memory_fts MATCH ? ORDER BY s LIMIT ?",(e,lim)).fetchall()
def old(q):
    mem.execute("BEGIN")
    for i,w in enumerate(q): mem.execute("INSERT INTO t(rowid,x) VALUES (?,?)",(i,w))
    toks=mem.execute("SELECT doc, term FROM v ORDER BY doc, offset").fetchall()
    mem.execute("ROLLBACK")
    tdf={}
    for d,term in toks:
        if term not in tdf:
            r=db.execute("SELECT doc FROM memory_fts_vocab WHERE term=?",(term,)).fetchone(); tdf[term]=r[0] if r else 0
    df={w:0 for w in q}
    per={}
    for d,term in toks: per.setdefault(q[d],[]).append(tdf[term])
    for w in q: df[w]=min(per[w]) if w in per else 0
    br=sorted(q,key=lambda w:df[w]); kept=[w for w in br if df[w]<=FR*N][:16] or [br[0]]
    p=0;k2=[]
    for w in kept:
        p+=df[w]
        if p>MAXP: break
        k2.append(w)
    return rank(expr(k2))
cache={}
hits=[0]
def count(w,cap):
    if w in cache and (not cache[w][1] or cache[w][0]>=cap): return min(cache[w][0],cap)
    c=db.execute("SELECT count(*) FROM (SELECT 1 FROM memory_fts WHERE memory_fts MATCH ? LIMIT ?)",('"%s"'%w,cap)).fetchone()[0]
    cache[w]=(c,c>=cap); return c
def new(q):
    cap=min(int(FR*N),MAXP)+1
    df={w:count(w,cap) for w in q}
    br=sorted(q,key=lambda w:df[w]); kept=[w for w in br if df[w]<=FR*N][:16]
    if not kept: kept=[br[0]]
    p=0;k2=[]
    for w in kept:
        p+=df[w]
        if p>MAXP: break
        k2.append(w)
    kept=k2
    r=0;rp=0
    while r<len(kept) and (rp<K or df[kept[r]]<max(4*rp,500)):
        rp+=df[kept[r]]; r+=1
    if 0<r<len(kept) and rp<=2000:
        blk=db.execute("SELECT block FROM memory_fts_data WHERE id=1").fetchone()[0]
        rows=0
        for by in blk:
            rows=(rows<<7)|(by&0x7F)
            if by<0x80: break
        bound=sum(2.2*max(1e-6,math.log((rows-df[t]+0.5)/(df[t]+0.5))) for t in kept[r:])
        sc=dict(rank(expr(kept[:r]),-1)); sc.update(dict(rank("(%s) AND (%s)"%(expr(kept[:r]),expr(kept[r:])),-1)))
        top=sorted(sc.items(), key=lambda x:(x[1],x[0]))[:K]
        if len(sc)>=K and -top[-1][1]>=bound:
            hits[0]+=1; return top
    return rank(expr(kept))
T={'old':[],'new_cold':[],'new_warm':[]}
same=0
for rep in range(2):
  for q in qs[:100]:
    a=time.perf_counter(); o=old(q); b=time.perf_counter()
    if rep==0:
        cache.clear(); c0=time.perf_counter(); n=new(q); c1=time.perf_counter(); T['new_cold'].append(c1-c0)
        same+= [x[1] for x in o]==[x[1] for x in n]
    c0=time.perf_counter(); n=new(q); c1=time.perf_counter()
    T['old'].append(b-a); T['new_warm'].append(c1-c0)
for k,v in T.items(): print(k, "median %.2f ms"%(statistics.median(v)*1000), "p90 %.2f"%(sorted(v)[int(len(v)*.9)]*1000))
print("same scores", same, "of 100; rare-first hits", hits[0])
