using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Cases.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Text.Json;

namespace ServiceHall.Cases.Data.Configurations;

internal sealed class ApprovalBranchConfiguration : IEntityTypeConfiguration<ApprovalBranch>
{
    public void Configure(EntityTypeBuilder<ApprovalBranch> e)
    {
        e.ToTable("approval_branches");
        e.HasKey(b => new { b.CaseId, b.UnitId });
        e.Property(b => b.CaseId).HasMaxLength(64);
        e.Property(b => b.UnitId).HasMaxLength(64);
        e.Property(b => b.Reason).HasMaxLength(500);
        e.Property(b => b.DecidedBy).HasMaxLength(128);
        e.HasIndex(b => new { b.Status, b.DueAt });
        CaseJson.ClockJson(e.Property(b => b.Clock));
    }
}
