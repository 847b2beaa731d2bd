// Tests must never reach a cloud metadata address (AWS IMDS, Alibaba ECS).
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
