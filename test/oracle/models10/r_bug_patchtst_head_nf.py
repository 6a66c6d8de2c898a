"""PatchTST-style forecaster whose flatten head is sized for (L - P) / S + 1 patches although the
ReplicationPad1d end padding adds one more patch (the 'mat1 and mat2 shapes cannot be multiplied'
question after enabling padding_patch='end')."""
import torch
import torch.nn as nn


class FlattenHead(nn.Module):
    def __init__(self, nf, target_window):
        super().__init__()
        self.flatten = nn.Flatten(start_dim=-2)
        self.linear = nn.Linear(nf, target_window)

    def forward(self, x):
        return self.linear(self.flatten(x))


# shapelint: input=(2, 96, 7)
class PatchTSTLite(nn.Module):
    def __init__(self, seq_len=96, pred_len=24, patch_len=16, stride=8, d_model=32, n_heads=4, layers=1):
        super().__init__()
        self.patch_len, self.stride = patch_len, stride
        self.padding_patch_layer = nn.ReplicationPad1d((0, stride))
        patch_num = int((seq_len - patch_len) / stride + 1)
        self.embed = nn.Linear(patch_len, d_model)
        self.pos = nn.Parameter(torch.zeros(1, patch_num + 1, d_model))
        layer = nn.TransformerEncoderLayer(d_model, n_heads, 2 * d_model, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.head = FlattenHead(d_model * patch_num, pred_len)

    def forward(self, x):
        B, L, C = x.shape
        x = x.permute(0, 2, 1)
        x = self.padding_patch_layer(x)
        x = x.unfold(dimension=-1, size=self.patch_len, step=self.stride)
        x = x.reshape(B * C, x.shape[2], x.shape[3])
        z = self.encoder(self.embed(x) + self.pos[:, :x.shape[1]])
        z = z.reshape(B, C, z.shape[-2], z.shape[-1]).permute(0, 1, 3, 2)
        out = self.head(z)
        return out.permute(0, 2, 1)
