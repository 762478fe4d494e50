namespace ServiceHall.Discipline.Domain;

public enum SanctionKind
{
    /// <summary>通报批评</summary>
    CirculatedCriticism = 1,

    /// <summary>取消年终一切评先评优资格</summary>
    AwardEligibilityRevoked = 2,
}
