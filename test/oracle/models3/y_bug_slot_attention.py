"""A Slot Attention autoencoder (Locatello et al., 2020): CNN encoder with a soft position embedding from a coordinate grid buffer, iterative slot attention with learned slot initialisations, bmm attention normalised over slots, GRU updates, and a spatial broadcast decoder."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def build_grid(resolution):
    ranges = [torch.linspace(0.0, 1.0, steps=res) for res in resolution]
    grid = torch.meshgrid(*ranges, indexing="ij")
    grid = torch.stack(grid, dim=-1)
    grid = grid.reshape(resolution[0], resolution[1], -1).unsqueeze(0)
    return torch.cat([grid, 1.0 - grid], dim=-1)


class SoftPositionEmbed(nn.Module):
    def __init__(self, hidden_size, resolution):
        super().__init__()
        self.embedding = nn.Linear(4, hidden_size, bias=True)
        self.register_buffer("grid", build_grid(resolution))

    def forward(self, inputs):
        return inputs + self.embedding(self.grid)


class SlotAttention(nn.Module):
    def __init__(self, num_slots, dim, iters=3, eps=1e-8, hidden_dim=64):
        super().__init__()
        self.num_slots = num_slots
        self.iters = iters
        self.eps = eps
        self.scale = dim ** -0.5

        self.slots_init = nn.Parameter(torch.randn(1, num_slots, dim) * dim ** -0.5)

        self.to_q = nn.Linear(dim, dim)
        self.to_k = nn.Linear(dim, dim)
        self.to_v = nn.Linear(dim, dim)

        self.gru = nn.GRUCell(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden_dim), nn.ReLU(inplace=True), nn.Linear(hidden_dim, dim))

        self.norm_input = nn.LayerNorm(dim)
        self.norm_slots = nn.LayerNorm(dim)
        self.norm_pre_ff = nn.LayerNorm(dim)

    def forward(self, inputs):
        b, n, d = inputs.shape
        slots = self.slots_init

        inputs = self.norm_input(inputs)
        k, v = self.to_k(inputs), self.to_v(inputs)

        for _ in range(self.iters):
            slots_prev = slots

            slots = self.norm_slots(slots)
            q = self.to_q(slots)

            dots = torch.bmm(q, k.transpose(1, 2)) * self.scale
            attn = dots.softmax(dim=1) + self.eps
            attn = attn / attn.sum(dim=-1, keepdim=True)

            updates = torch.bmm(attn, v)

            slots = self.gru(updates.reshape(-1, d), slots_prev.reshape(-1, d))
            slots = slots.reshape(b, -1, d)
            slots = slots + self.mlp(self.norm_pre_ff(slots))

        return slots


# shapelint: input=(2, 3, 32, 32)
class SlotAttentionAutoEncoder(nn.Module):
    def __init__(self, resolution=(32, 32), num_slots=4, num_iterations=3, hid_dim=32, decoder_init=(8, 8)):
        super().__init__()
        self.hid_dim = hid_dim
        self.resolution = resolution
        self.num_slots = num_slots
        self.decoder_init = decoder_init

        self.encoder_cnn = nn.Sequential(
            nn.Conv2d(3, hid_dim, 5, padding=2), nn.ReLU(inplace=True),
            nn.Conv2d(hid_dim, hid_dim, 5, padding=2), nn.ReLU(inplace=True),
            nn.Conv2d(hid_dim, hid_dim, 5, padding=2), nn.ReLU(inplace=True),
        )
        self.encoder_pos = SoftPositionEmbed(hid_dim, resolution)
        self.fc1 = nn.Linear(hid_dim, hid_dim)
        self.fc2 = nn.Linear(hid_dim, hid_dim)
        self.layer_norm = nn.LayerNorm(hid_dim)

        self.slot_attention = SlotAttention(num_slots=num_slots, dim=hid_dim, iters=num_iterations,
                                            hidden_dim=64)

        self.decoder_pos = SoftPositionEmbed(hid_dim, decoder_init)
        self.decoder_cnn = nn.Sequential(
            nn.ConvTranspose2d(hid_dim, hid_dim, 5, stride=2, padding=2, output_padding=1), nn.ReLU(inplace=True),
            nn.ConvTranspose2d(hid_dim, hid_dim, 5, stride=2, padding=2, output_padding=1), nn.ReLU(inplace=True),
            nn.ConvTranspose2d(hid_dim, 4, 3, stride=1, padding=1),
        )

    def forward(self, image):
        x = self.encoder_cnn(image)
        x = x.permute(0, 2, 3, 1)
        x = self.encoder_pos(x)
        x = torch.flatten(x, 1, 2)
        x = self.fc2(F.relu(self.fc1(self.layer_norm(x))))

        slots = self.slot_attention(x)

        b = slots.shape[0]
        x = slots.reshape((-1, slots.shape[-1])).unsqueeze(1).unsqueeze(2)
        x = x.repeat((1, self.decoder_init[0], self.decoder_init[1], 1))
        x = self.decoder_pos(x)
        x = x.permute(0, 3, 1, 2)
        x = self.decoder_cnn(x)
        x = x.permute(0, 2, 3, 1)

        x = x.reshape(b, -1, x.shape[1], x.shape[2], x.shape[3])
        recons, masks = x.split([3, 1], dim=-1)
        masks = F.softmax(masks, dim=1)
        recon_combined = torch.sum(recons * masks, dim=1)
        recon_combined = recon_combined.permute(0, 3, 1, 2)
        return recon_combined, recons, masks, slots
