# The apply rehearsal's S3 backend settings, layered on environments/<env>.backend.hcl
# (`-backend-config=environments/dev.backend.hcl -backend-config=rehearsal/moto.backend.hcl`).
# The endpoint comes from AWS_ENDPOINT_URL, which the rehearsal points at its moto server.
# moto on 127.0.0.1 has no <bucket>.<host> names: address the state bucket by path.
use_path_style = true
