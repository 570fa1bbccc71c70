## Chrono'espaces
