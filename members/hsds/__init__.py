"""Open data: the public directory as Open Referral HSDS 3.x.

serialisers (one record to one HSDS object, also what the JSON-LD of public pages mirrors),
files (the CSV and HSDS downloads and the nightly NDJSON export), views (the API and the
downloads page), urls (/api/hsds/… and /<lang>/data/).
"""
