"""BUG: a PyTorch port of the Keras "3D image classification from CT scans" model (MosMedData COVID-19 CT, binary output): four blocks of an unpadded 3x3x3 Conv3d + ReLU + MaxPool3d(2) + BatchNorm3d (64, 64, 128, 256 filters), global average pooling, Dense(512) + Dropout(0.3), and a single sigmoid unit. The Keras tutorial resizes every scan to 128 x 128 x 64 slices; this port resamples the depth axis to 16 slices to save memory but keeps all four valid-padding blocks, so depth goes 16 -> 14 -> 7 (block1) -> 5 -> 2 (block2) and the 3x3x3 kernel of block3's conv no longer fits into the 2 remaining slices (height and width, 64 -> 31 -> 14, are still fine), which raises."""
import torch
import torch.nn as nn


class CTScan3DCNN(nn.Module):
    """Build a 3D convolutional neural network model."""

    def __init__(self, width=64, height=64, depth=16, num_classes=1):
        super(CTScan3DCNN, self).__init__()

        self.block1 = nn.Sequential(
            nn.Conv3d(1, 64, kernel_size=3),
            nn.ReLU(),
            nn.MaxPool3d(kernel_size=2),
            nn.BatchNorm3d(64),
        )
        self.block2 = nn.Sequential(
            nn.Conv3d(64, 64, kernel_size=3),
            nn.ReLU(),
            nn.MaxPool3d(kernel_size=2),
            nn.BatchNorm3d(64),
        )
        self.block3 = nn.Sequential(
            nn.Conv3d(64, 128, kernel_size=3),
            nn.ReLU(),
            nn.MaxPool3d(kernel_size=2),
            nn.BatchNorm3d(128),
        )
        self.block4 = nn.Sequential(
            nn.Conv3d(128, 256, kernel_size=3),
            nn.ReLU(),
            nn.MaxPool3d(kernel_size=2),
            nn.BatchNorm3d(256),
        )
        self.gap = nn.AdaptiveAvgPool3d(1)
        self.dense = nn.Linear(256, 512)
        self.dropout = nn.Dropout(0.3)
        self.out = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.block1(x)
        x = self.block2(x)
        x = self.block3(x)
        x = self.block4(x)
        x = self.gap(x).flatten(1)
        x = self.dropout(torch.relu(self.dense(x)))
        return torch.sigmoid(self.out(x))


# shapelint: input=(2, 1, 16, 64, 64)
def ct_3dcnn_mosmed_16slices():
    # scans are (depth, height, width) = (16, 64, 64) after process_scan() in this port
    return CTScan3DCNN(width=64, height=64, depth=16)
