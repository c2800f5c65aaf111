using Concord.IO;

namespace Concord.Study.Running;

/// <summary>What <see cref="ArtefactCache.Check"/> found in an artefact folder.</summary>
public enum ArtefactState
{
    /// <summary>No <c>.done</c> marker: the artefact has not finished.</summary>
    NotDone,
    /// <summary>Every file the manifest lists has its recorded size (and hash, where compared).</summary>
    Intact,
    /// <summary>A listed file is missing or differs in size or hash, or the marker itself cannot be read.</summary>
    Damaged,
    /// <summary>The marker has no manifest (written by a Concord before manifests): nothing to compare with.</summary>
    NoManifest,
    /// <summary>Finished, and its data files were deleted after every task that reads them had finished
    /// (<c>activations.keep: untilConsumed</c>); the files it still lists are intact. Its result rows can be collected, its
    /// data cannot be read.</summary>
    Released,
}

/// <summary>The result of checking one artefact folder against its manifest.</summary>
/// <param name="State">What was found.</param>
/// <param name="Folder">The artefact folder.</param>
/// <param name="Damage">Every damaged file (empty unless <see cref="ArtefactState.Damaged"/>).</param>
/// <param name="Extra">Files in the folder the manifest does not list (relative paths); they are left alone and do not
/// make the artefact damaged, since nothing of Concord reads them.</param>
public sealed record ArtefactCheck(ArtefactState State, string Folder, IReadOnlyList<FileDamage> Damage, IReadOnlyList<string> Extra)
{
    /// <summary>One line naming the first damaged file with expected and found values (and how many more there are).</summary>
    public string Describe() => State switch
    {
        ArtefactState.Damaged => $"{Damage[0]}" + (Damage.Count > 1 ? $" (and {Damage.Count - 1} more damaged file(s) in {Folder})" : ""),
        ArtefactState.NoManifest => $"{Path.Combine(Folder, ".done")}: written by an earlier Concord without a file manifest, so its files cannot be verified",
        ArtefactState.NotDone => $"{Folder}: not finished",
        ArtefactState.Released => $"{Folder}: its data files were deleted after every task that read them had finished (activations.keep: untilConsumed)",
        _ => $"{Folder}: intact",
    };
}
