namespace ServiceHall.Discipline.Domain;

/// <summary>A sanction a rule says is due, with its evidence and its uniqueness key.</summary>
public sealed record SanctionDecision(SanctionKind Kind, string DedupKey, IReadOnlyList<Guid> Evidence, int Year);
