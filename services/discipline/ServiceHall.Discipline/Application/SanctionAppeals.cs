using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceHall.Contracts.Discipline;
using ServiceHall.Discipline.Data;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.Discipline.Application;

/// <summary>
/// 申诉: a staff member appeals a sanction; an upheld appeal revokes it (SanctionRevoked) and, where it was the loss of
/// the year's award eligibility, eligibility comes back.
/// </summary>
public sealed class SanctionAppeals(
    DisciplineDbContext db, AttendanceViolationRecorder recorder, IOptions<HallOptions> hall, TimeProvider time)
{
    /// <summary>A28: a person confirms a proposed demotion or dismissal; only then is it issued.</summary>
    public async Task<Sanction> ConfirmAsync(Guid sanctionId, string confirmedBy, CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (!sanction.Proposed)
            throw Refused(sanction, $"Sanction '{sanctionId}' is not a proposal; it was issued already.");
        var now = time.GetUtcNow();
        (sanction.Proposed, sanction.ConfirmedBy, sanction.ConfirmedAt) = (false, confirmedBy, now);
        recorder.Announce(sanction, now);
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    public async Task<Sanction> AppealAsync(Guid sanctionId, string reason, CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (sanction.AppealedAt is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' was appealed already.");
        (sanction.AppealReason, sanction.AppealedAt, sanction.AppealUpheld) = (reason, time.GetUtcNow(), false);
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    public async Task<Sanction> DecideAsync(Guid sanctionId, bool upheld, string reason, string decidedBy,
        CancellationToken cancellationToken)
    {
        var sanction = await FindAsync(sanctionId, cancellationToken);
        if (sanction.AppealedAt is null || sanction.AppealDecidedBy is not null)
            throw Refused(sanction, $"Sanction '{sanctionId}' has no appeal waiting for a decision.");
        var now = time.GetUtcNow();
        (sanction.AppealUpheld, sanction.AppealDecidedBy, sanction.AppealDecisionReason) = (upheld, decidedBy, reason);
        if (upheld)
        {
            (sanction.RevokedAt, sanction.RevocationReason) = (now, "appeal upheld");
            db.AddEvent(new SanctionRevoked(Guid.CreateVersion7(now), now, hall.Value.HallId, sanction.SanctionId,
                sanction.StaffId, AttendanceViolationRecorder.SanctionKindName(sanction.Kind), sanction.RuleVersion,
                "appeal upheld"), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return sanction;
    }

    private async Task<Sanction> FindAsync(Guid sanctionId, CancellationToken cancellationToken) =>
        await db.Sanctions.FirstOrDefaultAsync(s => s.SanctionId == sanctionId, cancellationToken)
        ?? throw GrpcErrors.NotFound("Sanction", sanctionId.ToString());

    private static global::Grpc.Core.RpcException Refused(Sanction sanction, string message) =>
        GrpcErrors.FailedPrecondition(message, [("A28", $"sanction/{sanction.SanctionId}", message)]);
}
