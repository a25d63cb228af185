//! The seven practices riskcard assesses, shared vocabulary of every stage.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One of the seven practices for protecting customer data in a cloud CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Practice {
    /// 1. Fine-grained access, least privilege.
    AccessControl,
    /// 2. Continuous user-activity monitoring.
    ActivityMonitoring,
    /// 3. Audit logging.
    AuditLogging,
    /// 4. Encryption at rest and in transit, key management.
    Encryption,
    /// 5. Regular, tested, off-site backups.
    Backup,
    /// 6. Purging stale data: retention and deletion.
    Retention,
    /// 7. Choosing a trusted provider.
    TrustedProvider,
}

impl Practice {
    /// All seven, in the order of the source article.
    pub const ALL: [Practice; 7] = [
        Self::AccessControl,
        Self::ActivityMonitoring,
        Self::AuditLogging,
        Self::Encryption,
        Self::Backup,
        Self::Retention,
        Self::TrustedProvider,
    ];

    /// The identifier used in rubrics and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Self::AccessControl => "access-control",
            Self::ActivityMonitoring => "activity-monitoring",
            Self::AuditLogging => "audit-logging",
            Self::Encryption => "encryption",
            Self::Backup => "backup",
            Self::Retention => "retention",
            Self::TrustedProvider => "trusted-provider",
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Self::AccessControl => "Access control",
            Self::ActivityMonitoring => "Activity monitoring",
            Self::AuditLogging => "Audit logging",
            Self::Encryption => "Encryption",
            Self::Backup => "Backups",
            Self::Retention => "Retention and deletion",
            Self::TrustedProvider => "Trusted provider",
        }
    }
}
