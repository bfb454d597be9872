import PipehostCommands

await PipehostEntry.main()
