namespace Concord.Features;

/// <summary>A hand-crafted feature computed outside Concord: <c>{"name": "mfcc_mean", "npy": "feats/mfcc.npy", "ids": "feats/ids.csv"}</c>.
/// <paramref name="Npy"/> holds [M, d] (or [M]) numbers, row r belonging to the example whose id is row r of the
/// <paramref name="Ids"/> CSV (an <c>id</c> column); rows are aligned to a dataset by id (<see cref="ExternalFeatures"/>).</summary>
/// <param name="Name">The feature's name in tables and reports (a plain file stem).</param>
/// <param name="Npy">Path of the feature matrix.</param>
/// <param name="Ids">Path of the CSV naming each row's example id.</param>
public sealed record ExternalFeature(string Name, string Npy, string Ids);
