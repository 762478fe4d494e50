namespace ServiceHall.Discipline.Domain;

public enum SanctionKind
{
    /// <summary>通报批评</summary>
    CirculatedCriticism = 1,

    /// <summary>取消年终一切评先评优资格</summary>
    AwardEligibilityRevoked = 2,

    /// <summary>批评 (A27).</summary>
    Criticism = 3,

    /// <summary>记过 (A27).</summary>
    Demerit = 4,

    /// <summary>降职 (A28): only ever proposed; a person confirms it.</summary>
    Demotion = 5,

    /// <summary>辞退 (A28): only ever proposed; a person confirms it.</summary>
    Dismissal = 6,
}
