"""A small Conformer encoder (Gulati et al., 2020): Conv2d subsampling with a (b, c, t, f) -> (b, t, c*f) reshape, half-step feed-forwards, MHSA, and a GLU/depthwise Conv1d module on x.transpose(1, 2)."""
import torch
import torch.nn as nn


class Swish(nn.Module):
    def forward(self, x):
        return x * x.sigmoid()


class Transpose(nn.Module):
    def __init__(self, shape: tuple):
        super(Transpose, self).__init__()
        self.shape = shape

    def forward(self, x):
        return x.transpose(*self.shape)


class Conv2dSubampling(nn.Module):
    def __init__(self, in_channels: int, out_channels: int) -> None:
        super(Conv2dSubampling, self).__init__()
        self.sequential = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=2),
            nn.ReLU(),
            nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=2),
            nn.ReLU(),
        )

    def forward(self, inputs):
        outputs = self.sequential(inputs.unsqueeze(1))
        batch_size, channels, subsampled_lengths, sumsampled_dim = outputs.size()

        outputs = outputs.permute(0, 2, 1, 3)
        outputs = outputs.contiguous().view(batch_size, subsampled_lengths, channels * sumsampled_dim)

        return outputs


class FeedForwardModule(nn.Module):
    def __init__(self, encoder_dim=64, expansion_factor=4, dropout_p=0.1):
        super(FeedForwardModule, self).__init__()
        self.sequential = nn.Sequential(
            nn.LayerNorm(encoder_dim),
            nn.Linear(encoder_dim, encoder_dim * expansion_factor, bias=True),
            Swish(),
            nn.Dropout(p=dropout_p),
            nn.Linear(encoder_dim * expansion_factor, encoder_dim, bias=True),
            nn.Dropout(p=dropout_p),
        )

    def forward(self, inputs):
        return self.sequential(inputs)


class ConformerConvModule(nn.Module):
    def __init__(self, in_channels, kernel_size=31, expansion_factor=2, dropout_p=0.1):
        super(ConformerConvModule, self).__init__()
        assert (kernel_size - 1) % 2 == 0, "kernel_size should be a odd number for 'SAME' padding"
        assert expansion_factor == 2, "Currently, Only Supports expansion_factor 2"

        self.sequential = nn.Sequential(
            nn.LayerNorm(in_channels),
            Transpose(shape=(1, 2)),
            nn.Conv1d(in_channels, in_channels * expansion_factor, kernel_size=1),
            nn.GLU(dim=1),
            nn.Conv1d(in_channels, in_channels, kernel_size, groups=in_channels, padding=(kernel_size - 1) // 2),
            nn.BatchNorm1d(in_channels),
            Swish(),
            nn.Conv1d(in_channels, in_channels, kernel_size=1),
            nn.Dropout(p=dropout_p),
        )

    def forward(self, inputs):
        return self.sequential(inputs).transpose(1, 2)


class MHSAModule(nn.Module):
    def __init__(self, d_model, num_heads, dropout_p=0.1):
        super().__init__()
        self.layer_norm = nn.LayerNorm(d_model)
        self.attention = nn.MultiheadAttention(d_model, num_heads, dropout=dropout_p, batch_first=True)
        self.dropout = nn.Dropout(p=dropout_p)

    def forward(self, inputs):
        x = self.layer_norm(inputs)
        x, _ = self.attention(x, x, x, need_weights=False)
        return self.dropout(x)


class ConformerBlock(nn.Module):
    def __init__(self, encoder_dim=64, num_attention_heads=4, feed_forward_expansion_factor=4,
                 conv_expansion_factor=2, conv_kernel_size=15, half_step_residual=True):
        super(ConformerBlock, self).__init__()
        self.feed_forward_residual_factor = 0.5 if half_step_residual else 1
        self.ff1 = FeedForwardModule(encoder_dim, feed_forward_expansion_factor)
        self.mhsa = MHSAModule(encoder_dim, num_attention_heads)
        self.conv = ConformerConvModule(encoder_dim, conv_kernel_size, conv_expansion_factor)
        self.ff2 = FeedForwardModule(encoder_dim, feed_forward_expansion_factor)
        self.norm = nn.LayerNorm(encoder_dim)

    def forward(self, x):
        x = x + self.feed_forward_residual_factor * self.ff1(x)
        x = x + self.mhsa(x)
        x = x + self.conv(x)
        x = x + self.feed_forward_residual_factor * self.ff2(x)
        return self.norm(x)


# shapelint: input=(2, 64, 40)
class ConformerEncoder(nn.Module):
    def __init__(self, input_dim=40, encoder_dim=64, num_layers=2, num_attention_heads=4, num_classes=30, **block_kwargs):
        super(ConformerEncoder, self).__init__()
        self.conv_subsample = Conv2dSubampling(in_channels=1, out_channels=encoder_dim)
        self.input_projection = nn.Sequential(
            nn.Linear(encoder_dim * (((input_dim - 1) // 2 - 1) // 2), encoder_dim),
            nn.Dropout(p=0.1),
        )
        self.layers = nn.ModuleList([
            ConformerBlock(encoder_dim=encoder_dim, num_attention_heads=num_attention_heads, **block_kwargs)
            for _ in range(num_layers)
        ])
        self.fc = nn.Linear(encoder_dim, num_classes, bias=False)

    def forward(self, inputs):
        outputs = self.conv_subsample(inputs)
        outputs = self.input_projection(outputs)
        for layer in self.layers:
            outputs = layer(outputs)
        return self.fc(outputs).log_softmax(dim=-1)
