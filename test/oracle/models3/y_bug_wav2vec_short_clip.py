"""A wav2vec 2.0-style keyword classifier on raw 16 kHz clips: the standard seven-layer Conv1d feature encoder (kernels 10,3,3,3,3,2,2 and strides 5,2,2,2,2,2,2) with GroupNorm on the first layer, feature projection, positional conv, Transformer layers and mean pooling."""
import torch.nn as nn


class ConvLayerBlock(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride, bias, layer_norm):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.layer_norm = layer_norm
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size=kernel_size, stride=stride, bias=bias)

    def forward(self, x):
        x = self.conv(x)
        if self.layer_norm is not None:
            x = self.layer_norm(x)
        return nn.functional.gelu(x)


class FeatureExtractor(nn.Module):
    def __init__(self, shapes, bias=False):
        super().__init__()
        blocks = []
        in_channels = 1
        for i, (out_channels, kernel_size, stride) in enumerate(shapes):
            normalization = None
            if i == 0:
                normalization = nn.GroupNorm(num_groups=out_channels, num_channels=out_channels, affine=True)
            blocks.append(ConvLayerBlock(in_channels, out_channels, kernel_size, stride, bias, normalization))
            in_channels = out_channels
        self.conv_layers = nn.ModuleList(blocks)

    def forward(self, x):
        x = x.unsqueeze(1)  # (batch, channel==1, frame)
        for layer in self.conv_layers:
            x = layer(x)
        x = x.transpose(1, 2)  # (batch, frame, feature)
        return x


class ConvolutionalPositionalEmbedding(nn.Module):
    def __init__(self, embed_dim, kernel_size, groups):
        super().__init__()
        self.conv = nn.Conv1d(embed_dim, embed_dim, kernel_size=kernel_size, padding=kernel_size // 2, groups=groups)
        self.num_remove = 1 if kernel_size % 2 == 0 else 0

    def forward(self, x):
        x = x.transpose(-2, -1)
        x = self.conv(x)
        if self.num_remove > 0:
            x = x[..., :-self.num_remove]
        x = nn.functional.gelu(x)
        return x.transpose(-2, -1)


# shapelint: input=(2, 320)
class Wav2Vec2KeywordSpotter(nn.Module):
    def __init__(self, num_keywords=12, conv_dim=48, embed_dim=64, num_layers=2, num_heads=4):
        super().__init__()
        shapes = [(conv_dim, 10, 5)] + [(conv_dim, 3, 2)] * 4 + [(conv_dim, 2, 2)] * 2
        self.feature_extractor = FeatureExtractor(shapes)
        self.layer_norm = nn.LayerNorm(conv_dim)
        self.projection = nn.Linear(conv_dim, embed_dim)
        self.dropout = nn.Dropout(0.1)
        self.pos_conv_embed = ConvolutionalPositionalEmbedding(embed_dim, kernel_size=16, groups=8)
        self.encoder_norm = nn.LayerNorm(embed_dim)
        layer = nn.TransformerEncoderLayer(embed_dim, num_heads, embed_dim * 2, dropout=0.1,
                                           activation="gelu", batch_first=True)
        self.transformer = nn.TransformerEncoder(layer, num_layers)
        self.classifier = nn.Linear(embed_dim, num_keywords)

    def forward(self, waveforms):
        x = self.feature_extractor(waveforms)
        x = self.layer_norm(x)
        x = self.dropout(self.projection(x))
        x = x + self.pos_conv_embed(x)
        x = self.encoder_norm(x)
        x = self.transformer(x)
        return self.classifier(x.mean(dim=1))
