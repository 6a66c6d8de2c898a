"""A Switch-style sparse MLP classifier for tabular features: a noisy top-2 router module, a list of expert MLPs stacked with torch.stack(dim=1) and combined with gates.unsqueeze(-1), residual MoE layers and a linear head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class NoisyTopkRouter(nn.Module):
    def __init__(self, d_model, num_experts=8, top_k=2, noise_eps=1e-2):
        super().__init__()
        self.top_k = top_k
        self.noise_eps = noise_eps
        self.w_gate = nn.Linear(d_model, num_experts, bias=False)
        self.w_noise = nn.Linear(d_model, num_experts, bias=False)

    def forward(self, x):
        logits = self.w_gate(x)
        if self.training:
            noise_std = F.softplus(self.w_noise(x)) + self.noise_eps
            logits = logits + torch.randn_like(logits) * noise_std
        top_k_logits, indices = logits.topk(self.top_k, dim=-1)
        sparse_logits = torch.full_like(logits, float("-inf")).scatter(-1, indices, top_k_logits)
        return F.softmax(sparse_logits, dim=-1), indices


class ExpertMLP(nn.Module):
    def __init__(self, d_model, d_ff, dropout=0.1):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.fc2(self.dropout(F.gelu(self.fc1(x))))


class SparseMoE(nn.Module):
    def __init__(self, d_model, d_ff, num_experts=4, top_k=2):
        super().__init__()
        self.router = NoisyTopkRouter(d_model, top_k=top_k)
        self.experts = nn.ModuleList([ExpertMLP(d_model, d_ff) for _ in range(num_experts)])

    def forward(self, x):
        gates, _ = self.router(x)
        expert_outputs = torch.stack([expert(x) for expert in self.experts], dim=1)
        return torch.sum(gates.unsqueeze(-1) * expert_outputs, dim=1)


# shapelint: input=(2, 20)
class MoEClassifier(nn.Module):
    def __init__(self, in_features=20, d_model=32, d_ff=64, num_layers=2, num_experts=4, num_classes=3):
        super().__init__()
        self.input_proj = nn.Linear(in_features, d_model)
        self.norms = nn.ModuleList([nn.LayerNorm(d_model) for _ in range(num_layers)])
        self.moes = nn.ModuleList([SparseMoE(d_model, d_ff, num_experts=num_experts) for _ in range(num_layers)])
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, x):
        h = self.input_proj(x)
        for norm, moe in zip(self.norms, self.moes):
            h = h + moe(norm(h))
        return self.head(h)
