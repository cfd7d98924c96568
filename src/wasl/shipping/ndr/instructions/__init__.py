"""Telling carriers what to do with a parcel after a failed attempt.

`base.CarrierInstructions` is the interface an adapter implements; `registry` says which adapter serves a
carrier. Carriers without an API (most of them) use `generic`: a signed webhook to an endpoint the store
names for that carrier, or a CSV export of the pending instructions that staff upload to the carrier's
portal and then mark as sent. `dispatch` runs an instruction through its adapter.
"""
