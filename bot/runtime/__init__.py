"""What keeps the running bot healthy, without discord: the database kept open, the
status file `studybot health` reads, and knowledge reloads. The client wires them in."""
