"""The floor for a LinkedIn import: a bare csv + sqlite3 script, as a whole process.

The same logic and SQL as the floor script the performance issue (#12) was measured with, which lives with the
project's shared benchmark material: read the CSV with ``csv``, write every row with one ``executemany`` of
``INSERT OR REPLACE`` into a plain table with a unique URL column. No normalisation, no search index, no report:
the cost of reading the file and writing the rows once. Keep the SQL as it is, or the ratios stop being
comparable with the issue's.

    python bench/floor.py Connections.csv floor.db
"""
import csv, os, sqlite3, sys
src, db = sys.argv[1], sys.argv[2]
if os.path.exists(db):
    os.remove(db)
con = sqlite3.connect(db)
con.execute("CREATE TABLE c(first TEXT, last TEXT, url TEXT UNIQUE, email TEXT, company TEXT, position TEXT, connected TEXT)")
with open(src, encoding="utf-8-sig", newline="") as f:
    for line in f:
        if line.startswith("First Name,"):
            break
    with con:
        con.executemany("INSERT OR REPLACE INTO c VALUES (?,?,?,?,?,?,?)", csv.reader(f))
