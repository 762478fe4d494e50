using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using ServiceHall.Complaints.Domain;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.Complaints.Data.Configurations;

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> e)
    {
        e.ToTable("suggestions");
        e.HasKey(s => s.SuggestionId);
        e.Property(s => s.SuggestionId).HasMaxLength(64);
        e.Property(s => s.RequestId).HasMaxLength(64);
        e.HasIndex(s => s.RequestId).IsUnique();
        e.Property(s => s.Answer).HasMaxLength(4000);
        e.HasIndex(s => s.SubmittedAt);
        e.Property(x => x.SubmittedBy).HasMaxLength(200);
    }
}
