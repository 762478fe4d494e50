using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Discipline.Domain;
using ServiceHall.ServiceDefaults.Data;
using System.Globalization;

namespace ServiceHall.Discipline.Data.Configurations;

internal sealed class AwardProposalConfiguration : IEntityTypeConfiguration<AwardProposal>
{
    public void Configure(EntityTypeBuilder<AwardProposal> e)
    {
        e.ToTable("award_proposals");
        e.HasKey(p => p.ProposalId);
        e.Property(p => p.StaffId).HasMaxLength(64);
        e.Property(p => p.ConfirmedBy).HasMaxLength(128);
        e.HasIndex(p => new { p.StaffId, p.From, p.To }).IsUnique();
    }
}
