"""Forms for the course pages, one module per topic. They validate, including the rules
that need the course's records (through course.py); actions then assume valid input."""
