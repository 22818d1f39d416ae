"""(Being built: sign-in, failure and sign-out events are recorded here.)"""
