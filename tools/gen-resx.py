#!/usr/bin/env python3
"""Writes the UI string resources from strings.tsv (key, Simplified Chinese, English).

The neutral SharedResource.resx is Chinese (the default UI language); SharedResource.en.resx is English.
Run after editing strings.tsv: python3 tools/gen-resx.py
"""
import csv, os
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'src', 'CareOps.Web', 'Resources')
rows = list(csv.DictReader(open(os.path.join(here, 'strings.tsv'), encoding='utf-8'), delimiter='\t', quoting=csv.QUOTE_NONE))
keys = [r['key'] for r in rows]
dupes = {k for k in keys if keys.count(k) > 1}
if dupes:
    raise SystemExit(f'duplicate keys: {sorted(dupes)}')

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
for column, name in (('zh', 'SharedResource.resx'), ('en', 'SharedResource.en.resx')):
    with open(os.path.join(out, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write(HEADER)
        for r in sorted(rows, key=lambda r: r['key']):
            f.write(f'  <data name="{escape(r["key"])}" xml:space="preserve"><value>{escape(r[column])}</value></data>\n')
        f.write('</root>\n')
print(f'{len(rows)} strings written')
