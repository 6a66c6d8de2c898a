"""A Transformer encoder whose feed-forward is a dense top-k Mixture-of-Experts: softmax gate, top-k renormalised gates scattered back, torch.stack([e(x) for e in experts], dim=1) weighted by gates.unsqueeze(-1) and summed, plus a load-balancing loss."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Expert(nn.Module):
    def __init__(self, d_model, d_hidden, dropout=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_model, d_hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(d_hidden, d_model),
        )

    def forward(self, x):
        return self.net(x)


class MoE(nn.Module):
    def __init__(self, d_model, d_hidden, num_experts=4, k=2):
        super().__init__()
        self.num_experts = num_experts
        self.k = k
        self.gate = nn.Linear(d_model, num_experts, bias=False)
        self.experts = nn.ModuleList([Expert(d_model, d_hidden) for _ in range(num_experts)])

    def forward(self, x):
        orig_shape = x.shape
        x = x.reshape(-1, orig_shape[-1])

        gates = F.softmax(self.gate(x), dim=-1)
        top_k_gates, top_k_indices = gates.topk(self.k, dim=-1)
        top_k_gates = top_k_gates / (top_k_gates.sum(dim=-1, keepdim=True) + 1e-6)
        zeros = torch.zeros_like(gates)
        gates_sparse = zeros.scatter(1, top_k_indices, top_k_gates)

        importance = gates.sum(0)
        aux_loss = importance.float().var() / (importance.float().mean() ** 2 + 1e-10)

        expert_outputs = torch.stack([e(x) for e in self.experts], dim=1)
        y = (expert_outputs * gates_sparse.unsqueeze(-1)).sum(dim=1)
        return y.view(orig_shape), aux_loss


class MoEBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_hidden, num_experts, dropout=0.1):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.ln2 = nn.LayerNorm(d_model)
        self.moe = MoE(d_model, d_hidden, num_experts=num_experts)

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        y, aux = self.moe(self.ln2(x))
        return x + y, aux


# shapelint: input=(2, 16, 32)
class MoETransformer(nn.Module):
    def __init__(self, d_model=32, n_heads=4, d_hidden=64, num_experts=4, depth=2, num_classes=10):
        super().__init__()
        self.pos = nn.Parameter(torch.zeros(1, 16, d_model))
        self.blocks = nn.ModuleList([MoEBlock(d_model, n_heads, d_hidden, num_experts) for _ in range(depth)])
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, x):
        x = x + self.pos[:, :x.size(1)]
        total_aux = 0.
        for blk in self.blocks:
            x, aux = blk(x)
            total_aux = total_aux + aux
        x = self.norm(x).mean(dim=1)
        return self.head(x), total_aux
