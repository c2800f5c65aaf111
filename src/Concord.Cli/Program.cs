// Process-wide: keep libtorch's large freed blocks for reuse instead of re-faulting them every batch
// (see docs/torch.md, "Allocator"; CONCORD_ALLOCATOR=system turns it off).
Concord.Torch.NativeAllocator.Configure();
return Concord.Cli.CliSetup.Run(args);
