# English pages are read in Greece: the day before the month ("25 November 2026",
# "25/11/2026", never the American "11/25/2026") and the 24-hour clock of the hours tables.
# Input formats stay Django's (ISO first).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
